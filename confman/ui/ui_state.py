"""Where window geometry and table layouts are remembered: an INI file in the data folder.

Kept beside the database settings (not the Windows registry) so a portable data folder
carries its layouts along and tests stay isolated through ``CONFMAN_DATA_DIR``.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from confman.paths import data_dir

UI_STATE_FILE = "ui-state.ini"


def ui_state() -> QSettings:
    return QSettings(str(data_dir() / UI_STATE_FILE), QSettings.Format.IniFormat)
