"""Logging to a rotating file in the data folder (windowed builds have no console)."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from confman.paths import logs_dir

LOG_FILE = "confman.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


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
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr) if sys.stderr is not None else logging.NullHandler()
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._confman = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return path
