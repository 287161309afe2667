"""Where things live: bundled resources, migrations and the per-user data folder.

One function per kind of location, valid from a source checkout, an installed wheel
(``resources``/``db`` are mapped into the package) and a PyInstaller bundle.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

APP_NAME = "confman"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


@cache
def resources_dir() -> Path:
    """The ``resources`` folder (fonts, icons, translations, badge templates)."""
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"]
    if bundle:
        candidates.insert(0, Path(bundle) / "confman" / "resources")
    return _first_existing(*candidates)


def resource_path(*parts: str) -> Path:
    """Absolute path of a bundled resource, e.g. ``resource_path("fonts", "BeVietnamPro-Regular.ttf")``."""
    return resources_dir().joinpath(*parts)


@cache
def migrations_dir() -> Path:
    """The Alembic script location (``db/`` in the repository, ``confman/migrations`` when installed)."""
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [_PACKAGE_DIR / "migrations", _PACKAGE_DIR.parent / "db"]
    if bundle:
        candidates.insert(0, Path(bundle) / "confman" / "migrations")
    return _first_existing(*candidates)


def data_dir() -> Path:
    """Per-user data folder (``%LOCALAPPDATA%\\confman`` on Windows); ``CONFMAN_DATA_DIR`` overrides it."""
    override = os.environ.get("CONFMAN_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, roaming=False)


def backups_dir() -> Path:
    """Default folder for automatic and manual backups."""
    return data_dir() / "backups"


def logs_dir() -> Path:
    return data_dir() / "logs"


def default_database_path() -> Path:
    return data_dir() / "confman.sqlite3"
