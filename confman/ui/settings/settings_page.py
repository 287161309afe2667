"""Settings: language, database, station, badges, printer calibration, backups, sounds, kiosk PIN."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from confman.core.errors import DomainError
from confman.core.settings import DEFAULT_OFFSETS_KEY
from confman.i18n import LANGUAGES, t
from confman.messages import describe
from confman.paths import data_dir, default_database_path
from confman.ui.context import UiContext
from confman.ui.page import Page
from confman.ui.settings import ops
from confman.ui.settings.backups_dialog import BackupsDialog


class SettingsPage(Page):
    """A form over ``ctx.settings``; Save writes them, language applies at once."""

    saved = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        outer = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        outer.addWidget(self.title)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        column = QVBoxLayout(body)

        # general
        self.general_box = QGroupBox()
        general = QFormLayout(self.general_box)
        self.language = QComboBox()
        self.language.setObjectName("settingsLanguage")
        for lang in LANGUAGES:
            self.language.addItem(t(f"lang.{lang}", lang), lang)
        self.station = QLineEdit()
        self.station.setObjectName("settingsStation")
        self.station.setMaxLength(40)
        self.sounds = QCheckBox()
        self.kiosk_pin = QLineEdit()
        self.kiosk_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.kiosk_pin.setMaxLength(12)
        self.kiosk_pin.setInputMask("")
        self.lbl_language, self.lbl_station, self.lbl_sounds, self.lbl_pin = QLabel(), QLabel(), QLabel(), QLabel()
        general.addRow(self.lbl_language, self.language)
        general.addRow(self.lbl_station, self.station)
        general.addRow(self.lbl_sounds, self.sounds)
        general.addRow(self.lbl_pin, self.kiosk_pin)
        column.addWidget(self.general_box)

        # database
        self.db_box = QGroupBox()
        db_form = QVBoxLayout(self.db_box)
        self.db_embedded = QRadioButton()
        self.db_server = QRadioButton()
        group = QButtonGroup(self)
        group.addButton(self.db_embedded)
        group.addButton(self.db_server)
        file_row = QHBoxLayout()
        self.db_file = QLineEdit()
        self.db_file.setObjectName("settingsDbFile")
        self.db_browse = QPushButton()
        self.db_browse.clicked.connect(self._browse_db)
        file_row.addWidget(self.db_file, 1)
        file_row.addWidget(self.db_browse)
        server_row = QHBoxLayout()
        self.db_url = QLineEdit()
        self.db_url.setObjectName("settingsDbUrl")
        self.db_url.setPlaceholderText("postgresql+psycopg://confman:…@192.168.1.10:5432/confman")
        self.db_test = QPushButton()
        self.db_test.setObjectName("settingsDbTest")
        self.db_test.clicked.connect(self._test_connection)
        server_row.addWidget(self.db_url, 1)
        server_row.addWidget(self.db_test)
        self.db_status = QLabel()
        self.db_status.setObjectName("settingsDbStatus")
        self.db_status.setWordWrap(True)
        self.db_note = QLabel()
        self.db_note.setWordWrap(True)
        db_form.addWidget(self.db_embedded)
        db_form.addLayout(file_row)
        db_form.addWidget(self.db_server)
        db_form.addLayout(server_row)
        db_form.addWidget(self.db_status)
        db_form.addWidget(self.db_note)
        self.db_embedded.toggled.connect(self._update_db_enabled)
        column.addWidget(self.db_box)

        # several desks: host this event or join a host
        from confman.ui.settings.desks_section import DesksSection

        self.desks = DesksSection(ctx)
        self.desks.database_switched.connect(self.load)
        self.desks.database_switched.connect(self.retranslate)
        column.addWidget(self.desks)

        # badges and printing
        self.print_box = QGroupBox()
        print_form = QFormLayout(self.print_box)
        self.template = QComboBox()
        self.offset_x = QDoubleSpinBox()
        self.offset_y = QDoubleSpinBox()
        for spin in (self.offset_x, self.offset_y):
            spin.setRange(-20.0, 20.0)
            spin.setSingleStep(0.5)
            spin.setDecimals(1)
            spin.setSuffix(" mm")
        self.lbl_template, self.lbl_offset_x, self.lbl_offset_y = QLabel(), QLabel(), QLabel()
        print_form.addRow(self.lbl_template, self.template)
        print_form.addRow(self.lbl_offset_x, self.offset_x)
        print_form.addRow(self.lbl_offset_y, self.offset_y)
        column.addWidget(self.print_box)

        # backups
        self.backup_box = QGroupBox()
        backup_form = QFormLayout(self.backup_box)
        folder_row = QHBoxLayout()
        self.backup_folder = QLineEdit()
        self.backup_browse = QPushButton()
        self.backup_browse.clicked.connect(self._browse_backups)
        folder_row.addWidget(self.backup_folder, 1)
        folder_row.addWidget(self.backup_browse)
        files_row = QHBoxLayout()
        self.files_folder = QLineEdit()
        self.files_folder.setObjectName("settingsFilesFolder")
        self.files_browse = QPushButton()
        self.files_browse.clicked.connect(self._browse_files)
        files_row.addWidget(self.files_folder, 1)
        files_row.addWidget(self.files_browse)
        self.lbl_files = QLabel()
        self.backup_keep = QSpinBox()
        self.backup_keep.setRange(1, 500)
        self.backup_every = QSpinBox()
        self.backup_every.setRange(1, 240)
        self.backups_button = QPushButton()
        self.backups_button.setObjectName("settingsBackups")
        self.backups_button.clicked.connect(self.open_backups)
        self.lbl_backup_folder, self.lbl_keep, self.lbl_every = QLabel(), QLabel(), QLabel()
        backup_form.addRow(self.lbl_files, files_row)
        backup_form.addRow(self.lbl_backup_folder, folder_row)
        backup_form.addRow(self.lbl_keep, self.backup_keep)
        backup_form.addRow(self.lbl_every, self.backup_every)
        backup_form.addRow("", self.backups_button)
        column.addWidget(self.backup_box)
        column.addStretch(1)

        buttons = QHBoxLayout()
        self.saved_label = QLabel()
        self.save_button = QPushButton()
        self.save_button.setObjectName("settingsSave")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)

        self.retranslate()
        self.load()

    # state ------------------------------------------------------------------
    def load(self) -> None:
        """Show the current settings."""
        s = self.ctx.settings
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        self.station.setText(s.station)
        self.sounds.setChecked(s.sounds)
        self.kiosk_pin.setText(s.kiosk_pin)
        server = s.database_url.startswith("postgresql")
        self.db_server.setChecked(server)
        self.db_embedded.setChecked(not server)
        if server:
            self.db_url.setText(s.database_url)
            self.db_file.setText(str(default_database_path()))
        else:
            self.db_file.setText(s.database_url.removeprefix("sqlite:///") or str(default_database_path()))
        self._fill_templates()
        offsets = s.printer_offsets_mm.get(DEFAULT_OFFSETS_KEY, [0.0, 0.0])
        self.offset_x.setValue(float(offsets[0]))
        self.offset_y.setValue(float(offsets[1]))
        self.files_folder.setText(s.files_folder or str(data_dir() / "files"))
        self.backup_folder.setText(str(s.backups_path))
        self.backup_keep.setValue(s.backups_to_keep)
        self.backup_every.setValue(s.backup_every_minutes)
        self._update_db_enabled()
        self.saved_label.clear()

    def _fill_templates(self) -> None:
        current = self.template.currentData() or self.ctx.settings.default_badge_template
        self.template.clear()
        for name, title in ops.badge_template_choices(self.ctx.language):
            self.template.addItem(title, name)
        self.template.setCurrentIndex(max(0, self.template.findData(current)))

    def _database_url(self) -> str:
        if self.db_server.isChecked():
            return self.db_url.text().strip()
        path = self.db_file.text().strip()
        if not path or path == str(default_database_path()):
            return ""
        return f"sqlite:///{path}"

    def save(self) -> None:
        """Store the form; the language switches at once, a database change applies at next start."""
        s = self.ctx.settings
        old_db = s.database_url
        self.ctx.set_station(self.station.text().strip() or s.station)
        s.sounds = self.sounds.isChecked()
        s.kiosk_pin = self.kiosk_pin.text().strip()
        s.database_url = self._database_url()
        s.default_badge_template = self.template.currentData() or s.default_badge_template
        s.printer_offsets_mm[DEFAULT_OFFSETS_KEY] = [self.offset_x.value(), self.offset_y.value()]
        folder = self.backup_folder.text().strip()
        s.backup_folder = "" if folder == str(s.backups_path) and not s.backup_folder else folder
        files = self.files_folder.text().strip()
        s.files_folder = "" if files == str(data_dir() / "files") else files
        s.backups_to_keep = self.backup_keep.value()
        s.backup_every_minutes = self.backup_every.value()
        self.ctx.save_settings()
        self.ctx.set_language(self.language.currentData())
        note = t("settings.saved")
        if s.database_url != old_db:
            note += " " + t("settings.restart_for_db")
        self.saved_label.setText(note)
        self.saved.emit()

    # actions ----------------------------------------------------------------
    def _update_db_enabled(self) -> None:
        embedded = self.db_embedded.isChecked()
        self.db_file.setEnabled(embedded)
        self.db_browse.setEnabled(embedded)
        self.db_url.setEnabled(not embedded)
        self.db_test.setEnabled(not embedded)

    def _browse_db(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, t("settings.db_file"), self.db_file.text(),
                                              "SQLite (*.sqlite3 *.db)")
        if path:
            self.db_file.setText(path)

    def _browse_files(self) -> None:
        path = QFileDialog.getExistingDirectory(self, t("settings.files_folder"), self.files_folder.text())
        if path:
            self.files_folder.setText(path)

    def _browse_backups(self) -> None:
        path = QFileDialog.getExistingDirectory(self, t("settings.backup_folder"), self.backup_folder.text())
        if path:
            self.backup_folder.setText(path)

    def _test_connection(self) -> None:
        url = self.db_url.text().strip()
        self.db_status.setText(t("settings.testing"))
        self.db_test.setEnabled(False)

        def done(location: str) -> None:
            self.db_test.setEnabled(True)
            self.db_status.setText(t("settings.connection_ok", location=location))

        def failed(exc: BaseException) -> bool:
            """A refused or unreachable database is the answer to the test, said beside the button."""
            self.db_test.setEnabled(True)
            if not isinstance(exc, DomainError):
                return False
            self.db_status.setText(t("settings.connection_failed", message=describe(exc, self.ctx.language)))
            return True

        self.ctx.ops.read(self, lambda _db: ops.test_connection(url)).latest("test").done(done).failed(failed).run()

    def open_backups(self) -> BackupsDialog:
        dialog = BackupsDialog(self.ctx, self)
        dialog.restored.connect(lambda: QMessageBox.information(self, t("backups.title"), t("backups.restored")))
        dialog.open()
        return dialog

    # language ---------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(t("nav.settings"))
        self.general_box.setTitle(t("settings.general"))
        self.lbl_language.setText(t("settings.language"))
        self.lbl_station.setText(t("settings.station"))
        self.lbl_sounds.setText(t("settings.sounds"))
        self.sounds.setText(t("settings.sounds_on"))
        self.lbl_pin.setText(t("settings.kiosk_pin"))
        self.db_box.setTitle(t("settings.database"))
        self.db_embedded.setText(t("settings.db_embedded"))
        self.db_server.setText(t("settings.db_server"))
        self.db_browse.setText(t("settings.browse"))
        self.db_test.setText(t("settings.test_connection"))
        self.db_note.setText(t("settings.db_note", location=self.ctx.database_location))
        self.print_box.setTitle(t("settings.printing"))
        self.lbl_template.setText(t("settings.default_template"))
        self.lbl_offset_x.setText(t("settings.offset_x"))
        self.lbl_offset_y.setText(t("settings.offset_y"))
        self.backup_box.setTitle(t("settings.backups"))
        self.lbl_files.setText(t("settings.files_folder"))
        self.files_browse.setText(t("settings.browse"))
        self.files_folder.setToolTip(t("settings.files_folder_tip"))
        self.lbl_backup_folder.setText(t("settings.backup_folder"))
        self.backup_browse.setText(t("settings.browse"))
        self.lbl_keep.setText(t("settings.backups_keep"))
        self.lbl_every.setText(t("settings.backups_every"))
        self.backup_every.setSuffix(" " + t("settings.minutes"))
        self.backups_button.setText(t("settings.open_backups"))
        self.save_button.setText(t("settings.save"))
        if self.template.count():
            self._fill_templates()
