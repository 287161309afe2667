"""Fault injection: real processes, real files, killed and damaged on purpose.

Every test works in the per-test data folder the root ``conftest`` sets up (``CONFMAN_DATA_DIR``),
with the database at its default place inside it, so "the whole data folder" is exactly what the
app would leave on a laptop. Subprocesses run this checkout's ``confman`` (not an installed one).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

# The window under faults is built like every UI test's (with the GUI-thread database guard).
from tests.ui.conftest import gui_guards, make_window, ui_settings  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child process: this checkout first, offscreen Qt, English messages."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["CONFMAN_LANG"] = "en"
    env["CONFMAN_NO_DEMO_PROMPT"] = "1"
    env.update(extra)
    return env


def run_cli(*args: str, timeout: float = 60, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m confman ARGS`` in a child process; returns its exit code and output."""
    return subprocess.run([sys.executable, "-m", "confman", *args], cwd=ROOT, env=child_env(**env),
                          capture_output=True, text=True, timeout=timeout)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checkpoint(path: Path) -> None:
    """Move everything from the WAL into the main file, so the main file alone is the database."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def integrity(path: Path) -> str:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def event_codes(path: Path) -> list[str]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return [r[0] for r in conn.execute("SELECT code FROM events ORDER BY code")]


@pytest.fixture
def data_folder() -> Path:
    """The per-test data folder (it may not exist yet)."""
    return Path(os.environ["CONFMAN_DATA_DIR"])


@pytest.fixture
def live(data_folder: Path) -> Iterator[Any]:
    """The database at its default place in the data folder, migrated (created silently)."""
    from confman.core.db.setup import open_database

    db = open_database(None, backups_folder=data_folder / "backups")
    yield db
    db.dispose()


@pytest.fixture
def demo(live: Any) -> Any:
    """A small finished demo conference (December 2018) in the live database."""
    from confman.core.demo import create_demo

    return create_demo(live, delegates=40).event


@pytest.fixture
def make_backup(live: Any, data_folder: Path) -> Callable[..., Path]:
    """``make_backup(name)``: a manual backup of the live database at this moment."""
    from confman.core.db.backup import backup_database

    def factory(name: str = "good.sqlite3") -> Path:
        return backup_database(live, data_folder / "saved" / name)

    return factory


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def faults() -> Any:
    """The helpers above, for the test modules (conftest modules are not imported by name)."""
    from types import SimpleNamespace

    return SimpleNamespace(run_cli=run_cli, child_env=child_env, sha256=sha256, checkpoint=checkpoint,
                           integrity=integrity, event_codes=event_codes, files_under=files_under, root=ROOT)
