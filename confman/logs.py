"""Logging to a rotating file in the data folder (windowed builds have no console)."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from confman.core.private_files import create_private_file, make_private_folder
from confman.paths import logs_dir

LOG_FILE = "confman.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are readable by the user only (they may name delegates)."""

    def _open(self):  # logging override
        create_private_file(Path(self.baseFilename))  # 0600 before the first byte is written
        return super()._open()


def log_file_path() -> Path:
    return logs_dir() / LOG_FILE


def configure_logging(level: int = logging.INFO) -> Path:
    """Send log records to ``logs/confman.log`` (1 MB × 5 files); returns the file path.

    Falls back to stderr when the folder cannot be written, and to nothing when there is
    no stderr either (windowed builds), so logging never crashes the app.
    """
    path = log_file_path()
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_confman", False):
            root.removeHandler(handler)
    handler: logging.Handler
    try:
        make_private_folder(path.parent)
        handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr) if sys.stderr is not None else logging.NullHandler()
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._confman = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return path
