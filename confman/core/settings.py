"""Per-user settings stored as JSON in the data folder (no Qt, so the CLI shares them)."""

from __future__ import annotations

import json
import socket
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from confman.core.private_files import make_private, make_private_folder, protect_tree, write_private_bytes
from confman.paths import backups_dir, data_dir

SETTINGS_FILE = "settings.json"
#: Key of ``printer_offsets_mm`` used for printers that have no offsets of their own.
DEFAULT_OFFSETS_KEY = "default"


@dataclass
class Settings:
    language: str = "vi"
    database_url: str = ""  # empty: the embedded SQLite file in the data folder
    station: str = ""  # the desk's name ("Bàn 1"), asked on the first visit to the check-in page
    default_badge_template: str = "cr80_portrait"
    printer_offsets_mm: dict[str, list[float]] = field(default_factory=dict)
    backup_folder: str = ""  # empty: <data folder>/backups
    backups_to_keep: int = 20
    backup_every_minutes: int = 10
    sounds: bool = True
    kiosk_pin: str = ""
    files_folder: str = ""  # presentation files; empty: <data folder>/files (set a share for several laptops)
    last_event_code: str = ""

    @property
    def desk_named(self) -> bool:
        """True once this laptop's desk has a name of its own (older versions stored the host name)."""
        return bool(self.station.strip()) and self.station != _host_name()

    @property
    def backups_path(self) -> Path:
        return Path(self.backup_folder) if self.backup_folder else backups_dir()

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)


def _host_name() -> str:
    """What older versions stored as the station by default: never shown as a desk name."""
    return socket.gethostname()[:40]


def settings_path() -> Path:
    return data_dir() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; unknown keys are ignored and a broken file gives defaults."""
    path = path or settings_path()
    try:
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in raw.items() if k in known}
    try:
        return Settings(**values)
    except TypeError:
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically (temp file + replace) so a crash never leaves half a file; readable by the user only."""
    path = path or settings_path()
    make_private_folder(path.parent)
    write_private_bytes(path, settings.to_json().encode("utf-8"))


def protect_data_folder(settings: Settings) -> int:
    """Make the data folder and the backups in the backups folder readable by the user only.

    Tightens what older versions (or files copied in) left readable by others; creates nothing.
    Returns how many files or folders changed.
    """
    changed = protect_tree(data_dir())
    folder = settings.backups_path
    if folder.is_dir() and not folder.resolve().is_relative_to(data_dir().resolve()):
        make_private(folder)
        for backup in folder.glob("*confman-*.sqlite3"):
            make_private(backup)
    return changed
